-- Link names: a registration's user and account carry one name, the login's username (the function
-- writes both from it). Role "user" cannot link two names (its insert check on account_user), but any
-- other writer could, and the function would then find the user and look up, update or decrypt the
-- tokens of another account. PostgreSQL refuses that too, whoever writes, as it refuses the other
-- states the function never writes (registration_integrity).

-- 1. Clean-up of what the check below would reject: those registrations, whole (deleting the user
--    removes its link and, through registration_delete_other_end, its account). Their users register
--    again at their next login.
DELETE FROM public."user" u
USING public.account_user l, public.account a
WHERE l.user_id = u.id AND l.account_id = a.id AND u.username <> a.account_name;

-- 2. The check, at COMMIT: a link between a user and an account of different names fails, and so
--    does renaming one end of a link; renaming both in one transaction passes.
CREATE FUNCTION public.registration_names_match() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  apart record;
BEGIN
  SELECT l.id AS link, l.user_id, l.account_id INTO apart
  FROM public.account_user l
  JOIN public."user" u ON u.id = l.user_id
  JOIN public.account a ON a.id = l.account_id
  WHERE u.username <> a.account_name
    AND CASE TG_TABLE_NAME
          WHEN 'user' THEN l.user_id = NEW.id
          WHEN 'account' THEN l.account_id = NEW.id
          ELSE l.id = NEW.id
        END;
  IF FOUND THEN
    RAISE EXCEPTION 'link % joins user % and account % of different names: a registration''s user and account have one name', apart.link, apart.user_id, apart.account_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER account_user_names_match
    AFTER INSERT OR UPDATE ON public.account_user DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.registration_names_match();
CREATE CONSTRAINT TRIGGER user_name_matches_account
    AFTER UPDATE OF username ON public."user" DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.registration_names_match();
CREATE CONSTRAINT TRIGGER account_name_matches_user
    AFTER UPDATE OF account_name ON public.account DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION public.registration_names_match();
