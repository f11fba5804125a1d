-- Roles are cluster-wide, so create them only once; every database of the cluster shares them.
-- tessera_app: every request runs as it (SET LOCAL ROLE inside withTenant); owns nothing; RLS applies.
-- tessera_platform: explicit cross-tenant work (trainer scheduling, multi-tenant ingest batches).
DO $$
BEGIN
  -- Two databases migrating at once may both see a role missing: the loser's CREATE fails harmlessly.
  -- One that exists is not created again, so a migrator whose CREATEROLE was revoked once the roles
  -- existed (infra/README.md) can still migrate another database of the cluster.
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tessera_app') THEN
    BEGIN
      CREATE ROLE tessera_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tessera_platform') THEN
    BEGIN
      CREATE ROLE tessera_platform NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  -- A non-superuser migrator needs membership to SET ROLE; a superuser has it implicitly. Granted
  -- only where missing: granting again needs the ADMIN option or CREATEROLE.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    IF NOT pg_has_role(current_user, 'tessera_app', 'MEMBER') THEN
      EXECUTE format('GRANT tessera_app TO %I', current_user);
    END IF;
    IF NOT pg_has_role(current_user, 'tessera_platform', 'MEMBER') THEN
      EXECUTE format('GRANT tessera_platform TO %I', current_user);
    END IF;
  END IF;
END
$$;
--> statement-breakpoint
-- NULL when the transaction never set a tenant, so a forgotten withTenant matches no row.
CREATE OR REPLACE FUNCTION app_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
