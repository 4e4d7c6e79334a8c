// The recorded graph as Graphviz DOT: one node per tensor (op name and shape), edges from inputs.
import type { Tensor } from "./tensor";

/** Graphviz DOT text of the graph recorded below `root`. */
export function toDot(root: Tensor): string {
  const lines = ["digraph tape {", '  rankdir="LR";', '  node [shape=box, fontname="monospace"];'];
  const seen = new Set<Tensor>([root]);
  const stack: Tensor[] = [root];
  const nodes: Tensor[] = [];
  while (stack.length > 0) {
    const t = stack.pop()!;
    nodes.push(t);
    for (const x of t._inputs ?? []) if (!seen.has(x)) { seen.add(x); stack.push(x); }
  }
  nodes.sort((a, b) => a.id - b.id);
  for (const t of nodes) {
    const what = t._op ? t._op.name : t.requiresGrad ? "parameter" : "constant";
    const style = t._op ? "" : t.requiresGrad ? ", style=filled, fillcolor=lightblue" : ", style=dashed";
    lines.push(`  t${t.id} [label="${what}\\n[${t.shape.join(", ")}]"${style}];`);
  }
  for (const t of nodes) for (const x of t._inputs ?? []) lines.push(`  t${x.id} -> t${t.id};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}
