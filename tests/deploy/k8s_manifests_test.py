"""Structure and cross-references of deploy/k8s (issue 15); no cluster.

Checks that every resource of the kustomization parses; that every
ConfigMap, Secret, volume, port name and label a manifest refers to exists;
that every container has an image, resource requests and limits and a
readiness probe; that the DaemonSet asks for GPUs on GPU nodes and the
StatefulSet keeps tunerd's database on a claim; and that every setting in
the ConfigMaps is one the daemons know (deploy/conf documents them all).
Run with Debian's python3 (python3-yaml):
  /usr/bin/python3 tests/deploy/k8s_manifests_test.py
"""
import os
import re
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
K8S = os.path.join(REPO, "deploy", "k8s")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def load(name):
    with open(os.path.join(K8S, name)) as f:
        return [doc for doc in yaml.safe_load_all(f) if doc]


def known_settings(conf):
    """Setting names a deploy/conf file documents, set or commented out."""
    names = set()
    with open(os.path.join(REPO, "deploy", "conf", conf)) as f:
        for line in f:
            match = re.match(r"^#?\s*([a-z][a-z0-9-]*)\s*=", line)
            if match:
                names.add(match.group(1))
    return names


def main():
    kustomization = load("kustomization.yaml")[0]
    docs = []
    for resource in kustomization["resources"]:
        check(os.path.exists(os.path.join(K8S, resource)), f"missing resource {resource}")
        for doc in load(resource):
            for key in ("apiVersion", "kind", "metadata"):
                check(key in doc, f"{resource}: a document without {key}")
            check("name" in doc.get("metadata", {}), f"{resource}: a document without a name")
            docs.append(doc)
    by_kind = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc

    config_maps = by_kind.get("ConfigMap", {})
    secrets = {g["name"] for g in kustomization.get("secretGenerator", [])}
    for generator in kustomization.get("secretGenerator", []):
        for entry in generator.get("files", []):
            check("=" in entry and entry.split("=", 1)[1].startswith("tls/"),
                  f"secret {generator['name']}: {entry} is not KEY=tls/FILE")
    images = {i["name"] for i in kustomization.get("images", [])}
    issuers = set(by_kind.get("Issuer", {}))
    for issuer in by_kind.get("Issuer", {}).values():
        check(issuer["spec"]["ca"]["secretName"] in secrets,
              f"Issuer {issuer['metadata']['name']}: no secret {issuer['spec']['ca']['secretName']}")

    workloads = list(by_kind.get("StatefulSet", {}).values()) + list(by_kind.get("DaemonSet", {}).values())
    check(len(workloads) == 2, f"expected tunerd and workerd, found {len(workloads)} workloads")
    port_names = {}  # pod label set -> container port names
    for workload in workloads:
        name = f"{workload['kind']} {workload['metadata']['name']}"
        spec = workload["spec"]
        template = spec["template"]
        labels = template["metadata"]["labels"]
        for key, value in spec["selector"]["matchLabels"].items():
            check(labels.get(key) == value, f"{name}: selector {key}={value} not on its pods")
        pod = template["spec"]
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        claims = {c["metadata"]["name"] for c in spec.get("volumeClaimTemplates", [])}
        for volume in volumes.values():
            if "configMap" in volume:
                ref = volume["configMap"]["name"]
                check(ref in config_maps, f"{name}: no ConfigMap {ref}")
            if "secret" in volume:
                ref = volume["secret"]["secretName"]
                check(ref in secrets, f"{name}: no Secret {ref}")
            if "csi" in volume:
                ref = volume["csi"]["volumeAttributes"].get("csi.cert-manager.io/issuer-name")
                check(ref in issuers, f"{name}: no Issuer {ref}")
        names = set()
        for container in pod["containers"]:
            where = f"{name} container {container['name']}"
            check(container.get("image") in images, f"{where}: image {container.get('image')} not in images:")
            resources = container.get("resources", {})
            check(resources.get("requests") and resources.get("limits"), f"{where}: requests and limits")
            check("readinessProbe" in container, f"{where}: no readinessProbe")
            for mount in container.get("volumeMounts", []):
                check(mount["name"] in volumes or mount["name"] in claims,
                      f"{where}: mount {mount['name']} has no volume")
                if mount.get("subPath") and mount["name"] in volumes and "configMap" in volumes[mount["name"]]:
                    data = config_maps[volumes[mount["name"]]["configMap"]["name"]]["data"]
                    check(mount["subPath"] in data, f"{where}: no key {mount['subPath']} in its ConfigMap")
            names |= {p["name"] for p in container.get("ports", [])}
        port_names[tuple(sorted(labels.items()))] = (labels, names)

        if workload["kind"] == "StatefulSet":
            check(spec.get("replicas") == 1, f"{name}: tunerd must be one replica (one SQLite writer)")
            mounts = {m["name"]: m["mountPath"] for c in pod["containers"] for m in c.get("volumeMounts", [])}
            check(mounts.get("data") == "/var/lib/tune" and "data" in claims,
                  f"{name}: the database must live on the claim 'data' at /var/lib/tune")
        if workload["kind"] == "DaemonSet":
            limits = pod["containers"][0]["resources"]["limits"]
            check(int(limits.get("nvidia.com/gpu", 0)) >= 1, f"{name}: no nvidia.com/gpu limit")
            check(pod.get("nodeSelector"), f"{name}: no nodeSelector for GPU nodes")

    for service in by_kind.get("Service", {}).values():
        name = f"Service {service['metadata']['name']}"
        selector = service["spec"]["selector"]
        matches = [names for labels, names in port_names.values()
                   if all(labels.get(k) == v for k, v in selector.items())]
        check(len(matches) == 1, f"{name}: its selector matches {len(matches)} workloads")
        for port in service["spec"]["ports"]:
            check(matches and port["targetPort"] in matches[0],
                  f"{name}: targetPort {port['targetPort']} is no container port name")

    for map_name, conf in (("tunerd-config", "tunerd.conf"), ("workerd-config", "workerd.conf")):
        known = known_settings(conf)
        text = config_maps[map_name]["data"][conf]
        for line in text.splitlines():
            match = re.match(r"^\s*([a-z][a-z0-9-]*)\s*=", line)
            if match:
                check(match.group(1) in known, f"{map_name}: {match.group(1)} is not a setting of {conf}")

    if failures:
        for failure in failures:
            print("FAIL:", failure)
        return 1
    print(f"deploy/k8s: {len(docs)} resources, every reference resolved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
