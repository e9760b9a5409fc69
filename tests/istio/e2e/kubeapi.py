"""A stand-in Kubernetes API server for tests/istio/e2e.sh (test glue).

Serves the Istio objects in the YAML files of CONFIG_DIR (the manifests users
`kubectl apply`) as a Kubernetes API would, with watch events when the files
change, plus the Istio CRDs from CRD_YAML; every other list is empty, and
objects istiod writes (leader-election config maps, its CA secret) are kept
in memory. Why not istiod's own --configDir: at the pinned Istio version
istiod crashes with no Kubernetes client, and it turns WasmPlugins into
filters only for objects that come from Kubernetes.
istiod must run with KUBE_FEATURE_WatchListClient=false (list, then watch).

    python3 kubeapi.py PORT CONFIG_DIR CRD_YAML
"""
import glob
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse

import yaml

PORT, CONFIG_DIR, CRD_YAML = int(sys.argv[1]), sys.argv[2], sys.argv[3]
KINDS = {"namespaces": "Namespace", "configmaps": "ConfigMap", "secrets": "Secret",
         "services": "Service", "pods": "Pod", "nodes": "Node",
         "endpointslices": "EndpointSlice", "ingresses": "Ingress",
         "ingressclasses": "IngressClass", "leases": "Lease",
         "serviceaccounts": "ServiceAccount",
         "customresourcedefinitions": "CustomResourceDefinition",
         "validatingwebhookconfigurations": "ValidatingWebhookConfiguration",
         "mutatingwebhookconfigurations": "MutatingWebhookConfiguration"}
written = {}  # path -> object istiod created
lock = threading.Lock()
version = [100]
with open(CRD_YAML) as f:
    CRDS = [d for d in yaml.safe_load_all(f) if d and d.get("kind") == "CustomResourceDefinition"]
KINDS.update({c["spec"]["names"]["plural"]: c["spec"]["names"]["kind"] for c in CRDS})


def plural(kind):
    for p, k in KINDS.items():
        if k == kind:
            return p
    return kind.lower() + "s"


def load():
    """The objects in CONFIG_DIR, keyed by (group, plural, namespace, name)."""
    objs = {}
    for path in sorted(glob.glob(os.path.join(CONFIG_DIR, "*.yaml"))):
        try:
            with open(path) as f:
                docs = list(yaml.safe_load_all(f))
        except (OSError, yaml.YAMLError) as e:
            sys.stderr.write("kubeapi: %s: %s\n" % (path, e))
            continue
        for d in docs:
            if not d or "kind" not in d:
                continue
            group = d["apiVersion"].rsplit("/", 1)[0] if "/" in d["apiVersion"] else ""
            md = d.setdefault("metadata", {})
            md.setdefault("namespace", "default")
            md["uid"] = "%s-%s-%s" % (d["kind"], md["namespace"], md["name"])
            md.setdefault("creationTimestamp", "2026-01-01T00:00:00Z")
            md.setdefault("generation", 1)
            objs[(group, plural(d["kind"]), md["namespace"], md["name"])] = d
    return objs


state = {"objs": {}, "sig": None}


def current():
    """Reloads CONFIG_DIR when a file changed; each change is a new version."""
    sig = tuple((p, os.stat(p).st_mtime_ns) for p in sorted(glob.glob(os.path.join(CONFIG_DIR, "*.yaml"))))
    with lock:
        if sig != state["sig"]:
            new = load()
            for k, o in new.items():
                old = state["objs"].get(k)
                if old is not None and json.dumps(old.get("spec")) == json.dumps(o.get("spec")):
                    o["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"]
                else:
                    version[0] += 1
                    o["metadata"]["resourceVersion"] = str(version[0])
            state["objs"], state["sig"] = new, sig
        return state["objs"]


def parse(path):
    """(group, version, namespace, resource, name) of an API path."""
    parts = path.strip("/").split("/")
    if parts[0] == "api":
        group, ver, rest = "", parts[1], parts[2:]
    else:
        group, ver, rest = parts[1], parts[2], parts[3:]
    ns = None
    if len(rest) >= 3 and rest[0] == "namespaces":
        ns, rest = rest[1], rest[2:]
    return group, ver, ns, rest[0] if rest else "", rest[1] if len(rest) > 1 else None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        sys.stderr.write("%s %s\n" % (self.command, self.path))

    def send(self, code, obj):
        b = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def not_found(self):
        self.send(404, {"kind": "Status", "apiVersion": "v1", "metadata": {},
                        "status": "Failure", "reason": "NotFound", "code": 404})

    def matching(self, group, ver, ns, res):
        out = []
        for (g, p, n, _), o in current().items():
            if g == group and p == res and (ns is None or n == ns):
                o = dict(o)
                o["apiVersion"] = "%s/%s" % (group, ver) if group else ver
                out.append(o)
        return out

    def do_GET(self):
        u = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(u.query)
        if u.path == "/version":
            return self.send(200, {"major": "1", "minor": "34", "gitVersion": "v1.34.0"})
        group, ver, ns, res, name = parse(u.path)
        apiv = "%s/%s" % (group, ver) if group else ver
        if q.get("watch") == ["true"]:
            return self.watch(group, ver, ns, res)
        if name is not None:
            with lock:
                o = written.get(u.path)
            return self.send(200, o) if o else self.not_found()
        if res == "customresourcedefinitions":
            items = CRDS
        elif group.endswith("istio.io"):
            items = self.matching(group, ver, ns, res)
        else:
            items = []
        meta = {"resourceVersion": str(version[0])}
        if "as=PartialObjectMetadataList" in self.headers.get("Accept", ""):
            return self.send(200, {"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1",
                                   "metadata": meta,
                                   "items": [{"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                              "metadata": i["metadata"]} for i in items]})
        kind = KINDS.get(res, res[:-1].capitalize())
        return self.send(200, {"kind": kind + "List", "apiVersion": apiv, "metadata": meta, "items": items})

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def watch(self, group, ver, ns, res):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        seen = {o["metadata"]["uid"]: o for o in self.matching(group, ver, ns, res)} \
            if group.endswith("istio.io") else None
        try:
            while True:
                time.sleep(0.1)
                if seen is None:
                    continue
                now = {o["metadata"]["uid"]: o for o in self.matching(group, ver, ns, res)}
                for uid, o in now.items():
                    old = seen.get(uid)
                    if old is None or old["metadata"]["resourceVersion"] != o["metadata"]["resourceVersion"]:
                        self.chunk(json.dumps({"type": "ADDED" if old is None else "MODIFIED",
                                               "object": o}).encode() + b"\n")
                for uid, o in seen.items():
                    if uid not in now:
                        self.chunk(json.dumps({"type": "DELETED", "object": o}).encode() + b"\n")
                seen = now
        except OSError:
            return

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(n) or b"{}")
        path = urllib.parse.urlparse(self.path).path
        with lock:
            version[0] += 1
            body.setdefault("metadata", {})["resourceVersion"] = str(version[0])
            if self.command == "POST" and body["metadata"].get("name"):
                written[path.rstrip("/") + "/" + body["metadata"]["name"]] = body
            elif self.command != "POST":
                written[path] = body
        self.send(201 if self.command == "POST" else 200, body)

    do_PUT = do_POST

    def do_PATCH(self):
        with lock:
            o = written.get(urllib.parse.urlparse(self.path).path)
        return self.send(200, o) if o else self.not_found()

    def do_DELETE(self):
        self.send(200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"})


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
