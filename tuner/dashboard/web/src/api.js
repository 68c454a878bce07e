// The tunerd dashboard API (tuner/dashboard/routes.h), same origin only.

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  if (!response.ok) {
    const error = new Error(body.error || `${path}: HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

const enc = encodeURIComponent;

export const api = {
  jobs: () => getJson('api/jobs'),
  job: (name) => getJson(`api/jobs/${enc(name)}`),
  trials: (name) => getJson(`api/jobs/${enc(name)}/trials`),
  curves: (name) => getJson(`api/jobs/${enc(name)}/curves`),
  trial: (id) => getJson(`api/trials/${enc(id)}`),
  whoami: () => getJson('api/whoami'),
};
