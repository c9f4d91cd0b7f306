-- Registration integrity: PostgreSQL itself refuses, whoever writes, every state the function never
-- writes that it can tell by its shape (role "user" can reach these tables directly with its own JWT,
-- since the function's nested insert runs with it); a well-formed token that does not decrypt is the
-- function's to rewrite at the next login. A registration is one user, one account and the one link between them,
-- written in one transaction, with both tokens in TokenCipher's stored format.

-- 1. Clean-up of what the constraints below would reject. Every row removed here belongs to a user
--    who simply registers again, with freshly encrypted tokens, at their next login.

-- 1a. Registrations whose tokens are not in the stored format (plain text, or written around the
--     function): the account, its links and the users it is linked to.
DELETE FROM public."user" u
USING public.account_user l, public.account a
WHERE l.user_id = u.id AND l.account_id = a.id
  AND (a.access_token !~ '^v1:[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9_-]{38,}$'
       OR a.access_token_secret !~ '^v1:[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9_-]{38,}$');
DELETE FROM public.account
WHERE access_token !~ '^v1:[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9_-]{38,}$'
   OR access_token_secret !~ '^v1:[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9_-]{38,}$';

-- 1b. Users and accounts with more than one link, which the UNIQUE constraints below forbid: the
--     function links each user to exactly one account, so such rows were written around it.
DELETE FROM public."user"
WHERE id IN (SELECT user_id FROM public.account_user GROUP BY user_id HAVING count(*) > 1)
   OR id IN (SELECT l.user_id FROM public.account_user l
             WHERE l.account_id IN (SELECT account_id FROM public.account_user
                                    GROUP BY account_id HAVING count(*) > 1));
DELETE FROM public.account
WHERE id IN (SELECT account_id FROM public.account_user GROUP BY account_id HAVING count(*) > 1);

-- 1c. Orphans: users and accounts without a link (a lone insert_user answers 0 at every later
--     login and never gets an account; a lone account makes every login fail).
DELETE FROM public."user" u
WHERE NOT EXISTS (SELECT 1 FROM public.account_user l WHERE l.user_id = u.id);
DELETE FROM public.account a
WHERE NOT EXISTS (SELECT 1 FROM public.account_user l WHERE l.account_id = a.id);

-- 2. Tokens only in the stored format, v1:<keyId>:<base64url(nonce | ciphertext | tag)>: a key id of
--    1 to 32 letters, digits, '_', '.' or '-', and at least 38 characters of unpadded base64url, the
--    length of a 12-byte nonce and a 16-byte tag around an empty plaintext. The secret may be NULL:
--    OAuth 2 identities have none.
ALTER TABLE public.account
    ALTER COLUMN access_token_secret DROP NOT NULL,
    ADD CONSTRAINT account_access_token_format
        CHECK (access_token ~ '^v1:[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9_-]{38,}$'),
    ADD CONSTRAINT account_access_token_secret_format
        CHECK (access_token_secret IS NULL
               OR access_token_secret ~ '^v1:[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9_-]{38,}$');

-- 3. At most one link per user and per account. Unique indexes are checked at once and are safe
--    under concurrency, which a trigger counting links is not. They make the pair key and the
--    user_id index of the init migration redundant.
ALTER TABLE public.account_user
    DROP CONSTRAINT account_user_account_id_user_id_key,
    ADD CONSTRAINT account_user_user_id_key UNIQUE (user_id),
    ADD CONSTRAINT account_user_account_id_key UNIQUE (account_id);
DROP INDEX public.account_user_user_id_idx;

-- 4. At least one link, checked at COMMIT: the nested insert (user, account and link in one
--    transaction) passes, a lone insert of a user or an account fails, and so does deleting or
--    re-pointing a link while its user or account stays. Real Hasura answers any COMMIT-time
--    failure with "postgres tx error" (code postgres-error), the detail only in "internal".
CREATE FUNCTION public.registration_require_link() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'user' THEN
    IF EXISTS (SELECT 1 FROM public."user" WHERE id = NEW.id)
       AND NOT EXISTS (SELECT 1 FROM public.account_user WHERE user_id = NEW.id) THEN
      RAISE EXCEPTION 'user % has no account: a registration is a user, an account and their link, written together', NEW.id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  ELSIF TG_TABLE_NAME = 'account' THEN
    IF EXISTS (SELECT 1 FROM public.account WHERE id = NEW.id)
       AND NOT EXISTS (SELECT 1 FROM public.account_user WHERE account_id = NEW.id) THEN
      RAISE EXCEPTION 'account % has no user: a registration is a user, an account and their link, written together', NEW.id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  ELSE
    IF EXISTS (SELECT 1 FROM public."user" WHERE id = OLD.user_id)
       AND NOT EXISTS (SELECT 1 FROM public.account_user WHERE user_id = OLD.user_id) THEN
      RAISE EXCEPTION 'user % has no account: delete the user to remove a registration', OLD.user_id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM public.account WHERE id = OLD.account_id)
       AND NOT EXISTS (SELECT 1 FROM public.account_user WHERE account_id = OLD.account_id) THEN
      RAISE EXCEPTION 'account % has no user: delete the account to remove a registration', OLD.account_id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER user_requires_link
    AFTER INSERT ON public."user" DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.registration_require_link();
CREATE CONSTRAINT TRIGGER account_requires_link
    AFTER INSERT ON public.account DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.registration_require_link();
CREATE CONSTRAINT TRIGGER account_user_leaves_no_orphan
    AFTER DELETE OR UPDATE ON public.account_user DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.registration_require_link();

-- 5. Deleting a user or an account removes the whole registration in the same statement, so an
--    operator removes a user with one DELETE and that user registers afresh at the next login.
--    The foreign keys' ON DELETE CASCADE removes the link; when a link goes because one end is
--    already gone, this removes the other end. A link deleted on its own leaves both ends, and the
--    check above refuses that at COMMIT.
CREATE FUNCTION public.registration_delete_other_end() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public."user" WHERE id = OLD.user_id) THEN
    DELETE FROM public.account WHERE id = OLD.account_id;
  ELSIF NOT EXISTS (SELECT 1 FROM public.account WHERE id = OLD.account_id) THEN
    DELETE FROM public."user" WHERE id = OLD.user_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER account_user_delete_other_end
    AFTER DELETE ON public.account_user
    FOR EACH ROW EXECUTE FUNCTION public.registration_delete_other_end();
