DROP TABLE public.account_user;
DROP TABLE public.account;
DROP TABLE public."user";
