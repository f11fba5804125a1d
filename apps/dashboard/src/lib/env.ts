import { z } from 'zod';

/** Every variable the dashboard's server reads; `.env.example` documents each one. */
const dashboardEnvSchema = z.object({
  API_URL: z.url().default('http://127.0.0.1:4000'),
  DASHBOARD_SECURE_COOKIES: z.enum(['', 'true', 'false']).default(''),
  /** A call to the API that takes longer fails with API_TIMEOUT instead of leaving the page pending. */
  DASHBOARD_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
});

export type DashboardEnv = z.infer<typeof dashboardEnvSchema>;

let cached: DashboardEnv | undefined;

/** Parsed once; a bad value fails the first request with the variable's name. */
export function dashboardEnv(): DashboardEnv {
  if (cached) return cached;
  const parsed = dashboardEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(
      `BAD_CONFIG: invalid dashboard configuration: ${problems} (see apps/dashboard/.env.example)`,
    );
  }
  cached = { ...parsed.data, API_URL: parsed.data.API_URL.replace(/\/+$/, '') };
  return cached;
}
