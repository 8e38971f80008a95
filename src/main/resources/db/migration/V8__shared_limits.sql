-- Token buckets shared by every instance on this database (issue 14): per-bot send rate
-- limits and provider pacing. An instance takes tokens in chunks (one call of take_tokens
-- per chunk, never one per message), spends them locally and gives back what it did not
-- spend. Unlogged: a bucket is worth nothing after a crash (it starts full again), and its
-- updates then cost no WAL and no fsync.
CREATE UNLOGGED TABLE rate_budget (
    key text PRIMARY KEY,
    tokens double precision NOT NULL,
    refilled_at timestamptz NOT NULL
) WITH (fillfactor = 50);

-- Refills the bucket up to now, adds what an instance gives back, and grants between
-- p_need and p_want tokens (whole ones) when at least p_need are there, else none.
-- wait_seconds says when p_need tokens will be there.
CREATE FUNCTION take_tokens(p_key text, p_capacity double precision, p_per_second double precision,
        p_need double precision, p_want double precision, p_give_back double precision,
        OUT granted double precision, OUT remaining double precision, OUT wait_seconds double precision)
LANGUAGE plpgsql AS $$
DECLARE
    now_ts timestamptz := clock_timestamp();
    available double precision;
BEGIN
    LOOP
        SELECT LEAST(p_capacity, tokens + p_give_back
                + GREATEST(0, extract(epoch FROM now_ts - refilled_at)) * p_per_second)
          INTO available FROM rate_budget WHERE key = p_key FOR UPDATE;
        EXIT WHEN FOUND;
        INSERT INTO rate_budget (key, tokens, refilled_at) VALUES (p_key, p_capacity, now_ts)
            ON CONFLICT (key) DO NOTHING;
    END LOOP;
    IF available >= p_need THEN
        granted := GREATEST(p_need, floor(LEAST(available, GREATEST(p_need, p_want))));
        wait_seconds := 0;
    ELSE
        granted := 0;
        wait_seconds := (p_need - available) / p_per_second;
    END IF;
    remaining := available - granted;
    UPDATE rate_budget SET tokens = remaining, refilled_at = now_ts WHERE key = p_key;
END
$$;
