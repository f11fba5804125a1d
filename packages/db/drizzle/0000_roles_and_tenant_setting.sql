-- Roles are cluster-wide, so create them only once; every database of the cluster shares them.
-- tessera_app: every request runs as it (SET LOCAL ROLE inside withTenant); owns nothing; RLS applies.
-- tessera_platform: explicit cross-tenant work (trainer scheduling, multi-tenant ingest batches).
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['tessera_app', 'tessera_platform'] LOOP
    -- Two databases migrating at once may both see a role missing: the loser's CREATE fails
    -- harmlessly. One that exists is not created again, so a migrator whose CREATEROLE was revoked
    -- once the roles existed (infra/README.md) can still migrate another database of the cluster.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', role_name);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
    -- A non-superuser migrator needs membership to SET ROLE; a superuser has it implicitly.
    -- Granted only where missing: granting again needs the ADMIN option or CREATEROLE.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
      AND NOT pg_has_role(current_user, role_name, 'MEMBER') THEN
      EXECUTE format('GRANT %I TO %I', role_name, current_user);
    END IF;
  END LOOP;
END
$$;
--> statement-breakpoint
-- NULL when the transaction never set a tenant, so a forgotten withTenant matches no row.
CREATE OR REPLACE FUNCTION app_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
