-- Roles are cluster-wide, so create them only once; every database of the cluster shares them.
-- tessera_app: every request runs as it (SET LOCAL ROLE inside withTenant); owns nothing; RLS applies.
-- tessera_platform: explicit cross-tenant work (trainer scheduling, multi-tenant ingest batches).
DO $$
BEGIN
  -- Two databases migrating at once may both see a role missing: the loser's CREATE fails harmlessly.
  BEGIN
    CREATE ROLE tessera_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE tessera_platform NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  -- A non-superuser migrator needs membership to SET ROLE; a superuser has it implicitly.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT tessera_app, tessera_platform TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
-- NULL when the transaction never set a tenant, so a forgotten withTenant matches no row.
CREATE OR REPLACE FUNCTION app_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
