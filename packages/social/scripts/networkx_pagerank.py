"""Reference PageRank: reads JSON cases on stdin, prints networkx scores as JSON. Used by pagerank tests.

Each case: {"edges": [[source, target, weight], ...], "nodes": [...], "directed": bool, "weighted": bool,
"alpha": float, "tol": float, "max_iter": int, "personalization": {...} | null, "dangling": {...} | null}.
Parallel edges are kept (MultiDiGraph / MultiGraph), so their weights add up.
"""
import json, sys
import networkx as nx

out = []
for case in json.load(sys.stdin):
    g = nx.MultiDiGraph() if case["directed"] else nx.MultiGraph()
    g.add_nodes_from(case["nodes"])
    for s, t, w in case["edges"]:
        g.add_edge(s, t, weight=w)
    scores = nx.pagerank(
        g,
        alpha=case["alpha"],
        personalization=case["personalization"],
        max_iter=case["max_iter"],
        tol=case["tol"],
        weight="weight" if case["weighted"] else None,
        dangling=case["dangling"],
    )
    out.append(scores)
print(json.dumps({"networkx": nx.__version__, "results": out}))
