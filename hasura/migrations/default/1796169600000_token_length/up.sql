-- Token length: no stored value longer than the function writes. It stores tokens of at most 4,096
-- characters (LoginTokens.MAX_LENGTH), at most 12,288 bytes of UTF-8, sealed with a 12-byte nonce and
-- a 16-byte tag: 12,316 bytes, 16,422 characters of unpadded base64url, after "v1:", a key id of at
-- most 32 characters and ":". That is 16,458 characters.
-- Without the bound, role "user" could write its own account a value so long that the lookup's answer
-- outgrows what the function reads (1 MiB), and every later login of that user would fail before the
-- function could rewrite the value. (A PostgreSQL regular expression cannot say this: a bound above
-- 255 is refused.)

-- 1. Clean-up of what the constraints below would reject: those registrations, whole. Their users
--    register again, with freshly encrypted tokens, at their next login.
DELETE FROM public."user" u
USING public.account_user l, public.account a
WHERE l.user_id = u.id AND l.account_id = a.id
  AND (char_length(a.access_token) > 16458 OR char_length(a.access_token_secret) > 16458);

-- 2. The bound. A NULL secret passes, as in the format check.
ALTER TABLE public.account
    ADD CONSTRAINT account_access_token_length CHECK (char_length(access_token) <= 16458),
    ADD CONSTRAINT account_access_token_secret_length
        CHECK (char_length(access_token_secret) <= 16458);
