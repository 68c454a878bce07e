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

// `?name=value&...` of the parameters that are set.
function queryOf(params) {
  const set = Object.entries(params).filter(([, value]) => value !== undefined && value !== '');
  return set.length ? `?${set.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}` : '';
}

export const api = {
  jobs: () => getJson('api/jobs'),
  job: (name) => getJson(`api/jobs/${enc(name)}`),
  // One page of the trials changed since `since` (all when undefined).
  trials: (name, since, pageToken) =>
    getJson(`api/jobs/${enc(name)}/trials${queryOf({ since, page_token: pageToken })}`),
  curves: (name, since) => getJson(`api/jobs/${enc(name)}/curves${queryOf({ since })}`),
  // The GP's slices; none, and a note, until three trials have an objective.
  model: (name) => getJson(`api/jobs/${enc(name)}/model`),
  trial: (id) => getJson(`api/trials/${enc(id)}`),
  whoami: () => getJson('api/whoami'),
};
