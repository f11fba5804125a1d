import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface QueryLimits {
  /** Deepest allowed selection nesting. */
  maxDepth: number;
  /** Most aliased fields in one document (alias floods multiply work). */
  maxAliases: number;
  /** Highest estimated cost: each field costs 1, times the `count`/list size of its parents. */
  maxCost: number;
}

export const defaultLimits: QueryLimits = { maxDepth: 10, maxAliases: 30, maxCost: 20_000 };

const reject = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Validation rules that refuse abusive documents before any resolver runs. */
export function limitRules(limits: QueryLimits = defaultLimits) {
  return [
    (context: ValidationContext): ASTVisitor => {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of context.getDocument().definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      let aliases = 0;
      return {
        Field(node) {
          if (node.alias) aliases++;
          if (aliases > limits.maxAliases) {
            context.reportError(reject(`too many aliases (more than ${limits.maxAliases}); split the query`));
            aliases = Number.NEGATIVE_INFINITY;
          }
        },
        OperationDefinition(node) {
          const { depth, cost } = measure(node.selectionSet, fragments, 1, new Set());
          if (depth > limits.maxDepth)
            context.reportError(reject(`query depth ${depth} exceeds the limit of ${limits.maxDepth}`));
          if (cost > limits.maxCost)
            context.reportError(
              reject(
                `query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for fewer items or fields`,
              ),
            );
        },
      };
    },
  ];
}

function multiplier(field: FieldNode): number {
  for (const arg of field.arguments ?? []) {
    if ((arg.name.value === 'count' || arg.name.value === 'first') && arg.value.kind === Kind.INT)
      return Math.max(1, Number(arg.value.value));
  }
  return 1;
}

function measure(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  factor: number,
  visiting: Set<string>,
): { depth: number; cost: number } {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += factor;
      if (selection.selectionSet) {
        const inner = measure(selection.selectionSet, fragments, factor * multiplier(selection), visiting);
        depth = Math.max(depth, inner.depth + 1);
        cost += inner.cost;
      } else depth = Math.max(depth, 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner = measure(selection.selectionSet, fragments, factor, visiting);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue; // cycles are reported by graphql's own rules
      visiting.add(name);
      const inner = measure(fragment.selectionSet, fragments, factor, visiting);
      visiting.delete(name);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}
