import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

const schemaPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../apps/api/src/graphql/schema.graphql',
);
export const schema = buildSchema(readFileSync(schemaPath, 'utf8'));

export interface Operation {
  kind: 'query' | 'mutation';
  name: string;
  field: GraphQLField<unknown, unknown>;
}

/** Every root field of the API's schema: the list the attack suite must cover, read from the schema itself. */
export function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [kind, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) out.push({ kind, name: field.name, field });
  }
  return out;
}

/** Scalars and enums to `depth` levels; fields that need arguments without defaults are left out. */
export function selection(type: GraphQLOutputType, depth = 3): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || depth === 0) return '';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    if (isLeafType(getNamedType(field.type))) parts.push(field.name);
    else {
      const inner = selection(field.type, depth - 1);
      if (inner) parts.push(`${field.name} ${inner}`);
    }
  }
  return parts.length ? `{ ${parts.join(' ')} }` : '';
}

/** What goes into ID and String slots: a victim's id, or a hostile string. */
export interface Filler {
  id: string;
  text: string;
  json: unknown;
}

export function fillValue(type: GraphQLInputType, name: string, filler: Filler): unknown {
  if (isNonNullType(type)) return fillValue(type.ofType, name, filler);
  if (isListType(type)) return [fillValue(type.ofType, name, filler)];
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields()).map((f) => [f.name, fillValue(f.type, f.name, filler)]),
    );
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return filler.id;
      case 'String':
        return filler.text;
      case 'Int':
        return name === 'riskLevel' || name === 'riskTolerance' ? 3 : 5;
      case 'Float':
        return 0.5;
      case 'Boolean':
        return true;
      case 'JSON':
        return filler.json;
      case 'DateTime':
        return new Date().toISOString();
    }
  }
  throw new Error(`no filler for input type ${String(type)} (${name})`);
}

/** A document calling `op` with every argument as a variable, and the variables filled. */
export function document(
  op: Operation,
  filler: Filler,
): { query: string; variables: Record<string, unknown> } {
  const args: readonly GraphQLArgument[] = op.field.args;
  const defs = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const query = `${op.kind}${defs ? `(${defs})` : ''} { ${op.name}${call ? `(${call})` : ''} ${selection(op.field.type)} }`;
  // Optional enum filters (models(status:), experiments(status:)) stay unset so lists are unfiltered:
  // a leak would show there.
  const variables = Object.fromEntries(
    args
      .filter((a) => isNonNullType(a.type) || !isEnumType(a.type) || a.defaultValue !== undefined)
      .map((a) => [a.name, fillValue(a.type, a.name, filler)]),
  );
  return { query, variables };
}

export function hasIdArgument(op: Operation): boolean {
  const visit = (type: GraphQLInputType, seen: Set<string>): boolean => {
    const named = getNamedType(type);
    if (isScalarType(named)) return named.name === 'ID';
    if (isInputObjectType(named) && !seen.has(named.name)) {
      seen.add(named.name);
      return Object.values(named.getFields()).some((f) => visit(f.type, seen));
    }
    return false;
  };
  return op.field.args.some((a) => visit(a.type, new Set()));
}
