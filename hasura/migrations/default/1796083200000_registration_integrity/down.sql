-- Back to the init migration's schema, exactly. Accounts without a token secret cannot exist there
-- (the column was NOT NULL): those registrations are removed, and those users register again at
-- their next login. Triggers go first, so the deletes below are plain.
DROP TRIGGER account_user_delete_other_end ON public.account_user;
DROP FUNCTION public.registration_delete_other_end();
DROP TRIGGER account_user_leaves_no_orphan ON public.account_user;
DROP TRIGGER account_requires_link ON public.account;
DROP TRIGGER user_requires_link ON public."user";
DROP FUNCTION public.registration_require_link();

DELETE FROM public."user" u
USING public.account_user l, public.account a
WHERE l.user_id = u.id AND l.account_id = a.id AND a.access_token_secret IS NULL;
DELETE FROM public.account WHERE access_token_secret IS NULL;

CREATE INDEX account_user_user_id_idx ON public.account_user (user_id);
ALTER TABLE public.account_user
    DROP CONSTRAINT account_user_account_id_key,
    DROP CONSTRAINT account_user_user_id_key,
    ADD CONSTRAINT account_user_account_id_user_id_key UNIQUE (account_id, user_id);

ALTER TABLE public.account
    DROP CONSTRAINT account_access_token_secret_format,
    DROP CONSTRAINT account_access_token_format,
    ALTER COLUMN access_token_secret SET NOT NULL;
