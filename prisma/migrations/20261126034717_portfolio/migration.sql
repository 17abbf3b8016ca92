-- CreateTable
CREATE TABLE "assets" (
    "id" UUID NOT NULL,
    "ticker" TEXT NOT NULL,
    "name" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'BRL',
    "sector" TEXT,
    "source" TEXT NOT NULL,
    "last_price" DOUBLE PRECISION,
    "prices_updated_at" TIMESTAMPTZ(3),
    "price_earnings" DOUBLE PRECISION,
    "earnings_per_share" DOUBLE PRECISION,
    "dividend_yield" DOUBLE PRECISION,
    "market_cap" DOUBLE PRECISION,
    "fundamentals_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_prices" (
    "asset_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "open" DOUBLE PRECISION,
    "high" DOUBLE PRECISION,
    "low" DOUBLE PRECISION,
    "close" DOUBLE PRECISION,
    "adj_close" DOUBLE PRECISION NOT NULL,
    "volume" BIGINT,

    CONSTRAINT "asset_prices_pkey" PRIMARY KEY ("asset_id","date")
);

-- CreateTable
CREATE TABLE "watched_assets" (
    "user_id" TEXT NOT NULL,
    "asset_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "watched_assets_pkey" PRIMARY KEY ("user_id","asset_id")
);

-- CreateTable
CREATE TABLE "news_items" (
    "id" UUID NOT NULL,
    "feed" TEXT NOT NULL,
    "guid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "link" TEXT,
    "summary" TEXT,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "tickers" TEXT[],
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "news_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portfolios" (
    "id" UUID NOT NULL,
    "owner_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "benchmark" TEXT,
    "risk_free" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "portfolios_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portfolio_holdings" (
    "portfolio_id" UUID NOT NULL,
    "asset_id" UUID NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "portfolio_holdings_pkey" PRIMARY KEY ("portfolio_id","asset_id")
);

-- CreateTable
CREATE TABLE "analysis_snapshots" (
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analysis_snapshots_pkey" PRIMARY KEY ("kind","key")
);

-- CreateTable
CREATE TABLE "report_files" (
    "id" UUID NOT NULL,
    "owner_id" TEXT,
    "run_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "assets_ticker_key" ON "assets"("ticker");

-- CreateIndex
CREATE INDEX "news_items_published_at_idx" ON "news_items"("published_at");

-- CreateIndex
CREATE UNIQUE INDEX "news_items_feed_guid_key" ON "news_items"("feed", "guid");

-- CreateIndex
CREATE INDEX "portfolios_owner_id_created_at_idx" ON "portfolios"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "report_files_owner_id_created_at_idx" ON "report_files"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "report_files_run_id_idx" ON "report_files"("run_id");

-- AddForeignKey
ALTER TABLE "asset_prices" ADD CONSTRAINT "asset_prices_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "watched_assets" ADD CONSTRAINT "watched_assets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "watched_assets" ADD CONSTRAINT "watched_assets_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "portfolios" ADD CONSTRAINT "portfolios_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "portfolio_holdings" ADD CONSTRAINT "portfolio_holdings_portfolio_id_fkey" FOREIGN KEY ("portfolio_id") REFERENCES "portfolios"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "portfolio_holdings" ADD CONSTRAINT "portfolio_holdings_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_files" ADD CONSTRAINT "report_files_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The seeded market schedules that waited for their tasks (issue 9), in America/Sao_Paulo: prices every
-- 5 min in B3 hours, news hourly, the nightly chain prices → fundamentals → opportunities (19 h), every
-- portfolio analysed at 20 h. New: weekly cleanup, rankings after the close and the Sunday reports
-- (in Portuguese, the language of the users of the system Fluxo replaces; the schedule's input can change it).
UPDATE "schedules" SET "task" = 'market.updatePrices', "enabled" = true, "updated_at" = CURRENT_TIMESTAMP
  WHERE "id" = '00000000-0000-4000-8000-000000000001' AND "task" = 'market.prices';
UPDATE "schedules" SET "task" = 'market.dailyChain', "name" = 'Prices → fundamentals → opportunities', "enabled" = true, "updated_at" = CURRENT_TIMESTAMP
  WHERE "id" = '00000000-0000-4000-8000-000000000002' AND "task" = 'market.fundamentals';
UPDATE "schedules" SET "task" = 'market.updateNews', "enabled" = true, "updated_at" = CURRENT_TIMESTAMP
  WHERE "id" = '00000000-0000-4000-8000-000000000003' AND "task" = 'market.news';
UPDATE "schedules" SET "task" = 'analysis.allPortfolios', "enabled" = true, "updated_at" = CURRENT_TIMESTAMP
  WHERE "id" = '00000000-0000-4000-8000-000000000004' AND "task" = 'portfolio.analyzeAll';
INSERT INTO "schedules" ("id", "name", "cron", "timezone", "task", "input", "enabled", "missed_policy", "system") VALUES
  ('00000000-0000-4000-8000-000000000008', 'Market data cleanup (older than 90 days)', '0 4 * * 0', 'America/Sao_Paulo', 'market.cleanup', '{}', true, 'once', true),
  ('00000000-0000-4000-8000-000000000009', 'Rankings', '30 20 * * 1-5', 'America/Sao_Paulo', 'analysis.rankings', '{}', true, 'once', true),
  ('00000000-0000-4000-8000-000000000010', 'Weekly reports', '0 8 * * 0', 'America/Sao_Paulo', 'reports.weekly', '{"locale":"pt-BR"}', true, 'once', true)
ON CONFLICT DO NOTHING;
