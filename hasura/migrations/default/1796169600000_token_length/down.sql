-- Back to the registration_integrity schema: the two length bounds go, nothing else changes.
ALTER TABLE public.account
    DROP CONSTRAINT account_access_token_secret_length,
    DROP CONSTRAINT account_access_token_length;
