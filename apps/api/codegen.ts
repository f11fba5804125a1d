import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'src/graphql/schema.graphql',
  generates: {
    'src/graphql/types.gen.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context.js#RequestContext',
        useIndexSignature: false,
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'Date | string', JSON: 'unknown' },
        mappers: {
          Item: '../serving/catalog.js#CatalogItem',
          User: '../graphql/mappers.js#UserRow',
          ApiKey: '../graphql/mappers.js#ApiKeyRow',
          Model: '../graphql/mappers.js#ModelRow',
          Experiment: '../graphql/mappers.js#ExperimentRow',
          TrainingJob: '../graphql/mappers.js#TrainingJobRow',
        },
      },
    },
  },
};
export default config;
