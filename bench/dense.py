#!/usr/bin/env python3
"""A dense cluster for the exposure and attack-path known limits (README): N Deployments in
one namespace, N LoadBalancer Services that all select every pod, and INGRESSES Ingresses
routing to the Services in turn.

    python3 bench/dense.py 3000 > dense3000.yaml      # 2 MB, 18 million exposures
    python3 bench/dense.py 1000 > dense1000.yaml      # the netpol generate case
"""
import sys

n = int(sys.argv[1])
ingresses = int(sys.argv[2]) if len(sys.argv) > 2 else 50
docs = ["apiVersion: v1\nkind: Namespace\nmetadata:\n  name: d\n"]
for i in range(n):
    docs.append(
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: d\n"
        f"spec:\n  selector:\n    matchLabels: {{app: a{i}}}\n  template:\n    metadata:\n"
        f"      labels: {{app: a{i}, tier: web}}\n    spec:\n      containers:\n      - name: c\n"
        f"        image: registry.example/app:1\n        ports:\n        - containerPort: 8080\n"
    )
    docs.append(
        f"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: d\nspec:\n"
        f"  type: LoadBalancer\n  selector: {{tier: web}}\n  ports:\n  - port: 80\n"
        f"    targetPort: 8080\n"
    )
per = n // ingresses if ingresses else 0
for j in range(ingresses):
    rules = "".join(
        f"  - host: h{j}-{k}.example\n    http:\n      paths:\n      - path: /\n"
        f"        pathType: Prefix\n        backend:\n          service:\n"
        f"            name: svc-{j * per + k}\n            port:\n              number: 80\n"
        for k in range(per)
    )
    docs.append(
        f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ing-{j}\n"
        f"  namespace: d\nspec:\n  rules:\n{rules}"
    )
print("---\n".join(docs))
