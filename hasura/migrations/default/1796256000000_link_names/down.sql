-- Back to the token_length schema: the name check goes, nothing else changes.
DROP TRIGGER account_name_matches_user ON public.account;
DROP TRIGGER user_name_matches_account ON public."user";
DROP TRIGGER account_user_names_match ON public.account_user;
DROP FUNCTION public.registration_names_match();
