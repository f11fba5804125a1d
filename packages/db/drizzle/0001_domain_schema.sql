CREATE TYPE "public"."experiment_status" AS ENUM('draft', 'running', 'stopped');--> statement-breakpoint
CREATE TYPE "public"."bucket_grain" AS ENUM('hour', 'day');--> statement-breakpoint
CREATE TYPE "public"."entity_kind" AS ENUM('user', 'item');--> statement-breakpoint
CREATE TYPE "public"."job_status" AS ENUM('queued', 'running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."model_status" AS ENUM('training', 'candidate', 'active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."admin_role" AS ENUM('owner', 'admin', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."vertical" AS ENUM('medical', 'finance', 'education', 'entertainment');--> statement-breakpoint
CREATE TABLE "items" (
	"tenant_id" uuid NOT NULL,
	"id" text NOT NULL,
	"title" text NOT NULL,
	"category" text,
	"active" boolean DEFAULT true NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"risk_level" integer,
	"asset_class" text,
	"contraindications" text[],
	"prerequisites" text[],
	"difficulty" real,
	"genres" text[],
	"price" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "users" (
	"tenant_id" uuid NOT NULL,
	"id" text NOT NULL,
	"segment" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"risk_tolerance" integer,
	"conditions" text[],
	"level" real,
	"completed_items" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "dead_letters" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"reason_code" text NOT NULL,
	"message" text NOT NULL,
	"payload" text NOT NULL,
	"source" text NOT NULL,
	"source_partition" integer,
	"source_offset" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dead_letters_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "dead_letters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "event_keys" (
	"tenant_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	CONSTRAINT "event_keys_tenant_id_event_id_pk" PRIMARY KEY("tenant_id","event_id")
);
--> statement-breakpoint
ALTER TABLE "event_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "experiments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"status" "experiment_status" DEFAULT 'draft' NOT NULL,
	"seed" text NOT NULL,
	"hash_version" integer DEFAULT 2 NOT NULL,
	"coverage" real DEFAULT 1 NOT NULL,
	"variants" jsonb NOT NULL,
	"metrics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"guardrails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "experiments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "experiments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "served_lists" (
	"tenant_id" uuid NOT NULL,
	"request_id" text NOT NULL,
	"user_id" text NOT NULL,
	"model_id" uuid,
	"experiment_id" uuid,
	"variant" text,
	"items" jsonb NOT NULL,
	"served_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "served_lists_tenant_id_request_id_pk" PRIMARY KEY("tenant_id","request_id")
);
--> statement-breakpoint
ALTER TABLE "served_lists" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "feature_buckets" (
	"tenant_id" uuid NOT NULL,
	"entity_kind" "entity_kind" NOT NULL,
	"entity_id" text NOT NULL,
	"grain" "bucket_grain" NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	"reviews" bigint DEFAULT 0 NOT NULL,
	"ratings" bigint DEFAULT 0 NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	"follows" bigint DEFAULT 0 NOT NULL,
	"exposures" bigint DEFAULT 0 NOT NULL,
	"customs" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "feature_buckets_tenant_id_entity_kind_entity_id_grain_bucket_start_pk" PRIMARY KEY("tenant_id","entity_kind","entity_id","grain","bucket_start")
);
--> statement-breakpoint
ALTER TABLE "feature_buckets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "follows" (
	"tenant_id" uuid NOT NULL,
	"follower_id" text NOT NULL,
	"followee_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "follows_tenant_id_follower_id_followee_id_pk" PRIMARY KEY("tenant_id","follower_id","followee_id")
);
--> statement-breakpoint
ALTER TABLE "follows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "interactions" (
	"tenant_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"item_id" text NOT NULL,
	"strength" real DEFAULT 0 NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"last_ts" timestamp with time zone NOT NULL,
	CONSTRAINT "interactions_tenant_id_user_id_item_id_pk" PRIMARY KEY("tenant_id","user_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "interactions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "item_features" (
	"tenant_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	"reviews" bigint DEFAULT 0 NOT NULL,
	"ratings" bigint DEFAULT 0 NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	"follows" bigint DEFAULT 0 NOT NULL,
	"exposures" bigint DEFAULT 0 NOT NULL,
	"customs" bigint DEFAULT 0 NOT NULL,
	"rating_sum" double precision DEFAULT 0 NOT NULL,
	"revenue" double precision DEFAULT 0 NOT NULL,
	"sentiment_sum" double precision DEFAULT 0 NOT NULL,
	"sentiment_count" integer DEFAULT 0 NOT NULL,
	"first_seen" timestamp with time zone,
	"last_seen" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "item_features_tenant_id_item_id_pk" PRIMARY KEY("tenant_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "item_features" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "user_features" (
	"tenant_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	"reviews" bigint DEFAULT 0 NOT NULL,
	"ratings" bigint DEFAULT 0 NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	"follows" bigint DEFAULT 0 NOT NULL,
	"exposures" bigint DEFAULT 0 NOT NULL,
	"customs" bigint DEFAULT 0 NOT NULL,
	"rating_sum" double precision DEFAULT 0 NOT NULL,
	"revenue" double precision DEFAULT 0 NOT NULL,
	"sentiment_sum" double precision DEFAULT 0 NOT NULL,
	"sentiment_count" integer DEFAULT 0 NOT NULL,
	"first_seen" timestamp with time zone,
	"last_seen" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"followers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "user_features_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "user_features" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "models" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"vertical" "vertical" NOT NULL,
	"algorithm" text NOT NULL,
	"version" integer NOT NULL,
	"status" "model_status" DEFAULT 'training' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"backend" text,
	"train_seconds" real,
	"data_from" timestamp with time zone,
	"data_to" timestamp with time zone,
	"artifact" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"promoted_at" timestamp with time zone,
	CONSTRAINT "models_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "models" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "training_jobs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"algorithm" text NOT NULL,
	"reason" text NOT NULL,
	"status" "job_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" text,
	"model_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_jobs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "training_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "admin_sessions" (
	"tenant_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"admin_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "admin_sessions_tenant_id_token_hash_pk" PRIMARY KEY("tenant_id","token_hash")
);
--> statement-breakpoint
ALTER TABLE "admin_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "admin_users" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "admin_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "admin_users_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "admin_users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "api_keys" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"name" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"vertical" "vertical" NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_keys" ADD CONSTRAINT "event_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "served_lists" ADD CONSTRAINT "served_lists_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_buckets" ADD CONSTRAINT "feature_buckets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_features" ADD CONSTRAINT "item_features_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_features" ADD CONSTRAINT "user_features_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_jobs" ADD CONSTRAINT "training_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD CONSTRAINT "admin_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_users" ADD CONSTRAINT "admin_users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "items_category_idx" ON "items" USING btree ("tenant_id","category");--> statement-breakpoint
CREATE INDEX "dead_letters_recent_idx" ON "dead_letters" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "experiments_status_idx" ON "experiments" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "served_lists_user_idx" ON "served_lists" USING btree ("tenant_id","user_id","served_at");--> statement-breakpoint
CREATE INDEX "feature_buckets_recent_idx" ON "feature_buckets" USING btree ("tenant_id","entity_kind","grain","bucket_start");--> statement-breakpoint
CREATE INDEX "follows_followee_idx" ON "follows" USING btree ("tenant_id","followee_id");--> statement-breakpoint
CREATE INDEX "interactions_item_idx" ON "interactions" USING btree ("tenant_id","item_id");--> statement-breakpoint
CREATE INDEX "interactions_recent_idx" ON "interactions" USING btree ("tenant_id","last_ts");--> statement-breakpoint
CREATE UNIQUE INDEX "models_version_key" ON "models" USING btree ("tenant_id","algorithm","version");--> statement-breakpoint
CREATE UNIQUE INDEX "models_one_active_key" ON "models" USING btree ("tenant_id","algorithm") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "training_jobs_queue_idx" ON "training_jobs" USING btree ("status","run_after");--> statement-breakpoint
CREATE UNIQUE INDEX "admin_sessions_token_key" ON "admin_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "admin_sessions_expiry_idx" ON "admin_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "admin_users_email_key" ON "admin_users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" USING btree ("prefix");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants" USING btree ("slug");--> statement-breakpoint
CREATE POLICY "items_tenant_isolation" ON "items" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("items"."tenant_id" = app_current_tenant()) WITH CHECK ("items"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "items_platform_access" ON "items" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "users_tenant_isolation" ON "users" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("users"."tenant_id" = app_current_tenant()) WITH CHECK ("users"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "users_platform_access" ON "users" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "dead_letters_tenant_isolation" ON "dead_letters" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("dead_letters"."tenant_id" = app_current_tenant()) WITH CHECK ("dead_letters"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "dead_letters_platform_access" ON "dead_letters" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "event_keys_tenant_isolation" ON "event_keys" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("event_keys"."tenant_id" = app_current_tenant()) WITH CHECK ("event_keys"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "event_keys_platform_access" ON "event_keys" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "experiments_tenant_isolation" ON "experiments" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("experiments"."tenant_id" = app_current_tenant()) WITH CHECK ("experiments"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "experiments_platform_access" ON "experiments" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "served_lists_tenant_isolation" ON "served_lists" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("served_lists"."tenant_id" = app_current_tenant()) WITH CHECK ("served_lists"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "served_lists_platform_access" ON "served_lists" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "feature_buckets_tenant_isolation" ON "feature_buckets" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("feature_buckets"."tenant_id" = app_current_tenant()) WITH CHECK ("feature_buckets"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "feature_buckets_platform_access" ON "feature_buckets" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "follows_tenant_isolation" ON "follows" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("follows"."tenant_id" = app_current_tenant()) WITH CHECK ("follows"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "follows_platform_access" ON "follows" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "interactions_tenant_isolation" ON "interactions" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("interactions"."tenant_id" = app_current_tenant()) WITH CHECK ("interactions"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "interactions_platform_access" ON "interactions" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "item_features_tenant_isolation" ON "item_features" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("item_features"."tenant_id" = app_current_tenant()) WITH CHECK ("item_features"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "item_features_platform_access" ON "item_features" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "user_features_tenant_isolation" ON "user_features" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("user_features"."tenant_id" = app_current_tenant()) WITH CHECK ("user_features"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "user_features_platform_access" ON "user_features" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "models_tenant_isolation" ON "models" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("models"."tenant_id" = app_current_tenant()) WITH CHECK ("models"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "models_platform_access" ON "models" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "training_jobs_tenant_isolation" ON "training_jobs" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("training_jobs"."tenant_id" = app_current_tenant()) WITH CHECK ("training_jobs"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "training_jobs_platform_access" ON "training_jobs" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "admin_sessions_tenant_isolation" ON "admin_sessions" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("admin_sessions"."tenant_id" = app_current_tenant()) WITH CHECK ("admin_sessions"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "admin_sessions_platform_access" ON "admin_sessions" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "admin_users_tenant_isolation" ON "admin_users" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("admin_users"."tenant_id" = app_current_tenant()) WITH CHECK ("admin_users"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "admin_users_platform_access" ON "admin_users" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "api_keys_tenant_isolation" ON "api_keys" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("api_keys"."tenant_id" = app_current_tenant()) WITH CHECK ("api_keys"."tenant_id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "api_keys_platform_access" ON "api_keys" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenants_tenant_isolation" ON "tenants" AS PERMISSIVE FOR ALL TO "tessera_app" USING ("tenants"."id" = app_current_tenant()) WITH CHECK ("tenants"."id" = app_current_tenant());--> statement-breakpoint
CREATE POLICY "tenants_platform_access" ON "tenants" AS PERMISSIVE FOR ALL TO "tessera_platform" USING (true) WITH CHECK (true);