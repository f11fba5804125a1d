-- The apps' login role (a member of tessera_app and tessera_platform, owning nothing) checks at
-- start that every migration it was built with is applied (assertMigrated), so an app started on
-- an unmigrated or older schema says so, instead of failing on the first missing table.
GRANT USAGE ON SCHEMA drizzle TO tessera_app, tessera_platform;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO tessera_app, tessera_platform;
