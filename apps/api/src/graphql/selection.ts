import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the query selects `path` (field names, one per level) under the field being resolved,
 * through inline fragments and named ones. `@skip`/`@include` are not evaluated: a field they
 * guard counts as selected, so an answer of false is always safe to act on (the field is absent).
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some(
    (node) => node.selectionSet !== undefined && within(node.selectionSet, path, 0, info),
  );
}

function within(
  set: SelectionSetNode,
  path: readonly string[],
  depth: number,
  info: GraphQLResolveInfo,
): boolean {
  for (const selection of set.selections) {
    if (selection.kind === 'Field') {
      if (selection.name.value !== path[depth]) continue;
      if (depth === path.length - 1) return true;
      if (selection.selectionSet && within(selection.selectionSet, path, depth + 1, info)) return true;
    } else if (selection.kind === 'InlineFragment') {
      if (within(selection.selectionSet, path, depth, info)) return true;
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment && within(fragment.selectionSet, path, depth, info)) return true;
    }
  }
  return false;
}
