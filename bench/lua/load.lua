-- wrk script for every load in bench/run. Arguments (after `--`): MODE [PREFIX] [ACTION_SECRET]
--   existing    the action payload for user "alice" (the stub knows her): 1 upstream call
--   new         the action payload with a fresh username per request: 2 upstream calls
--   mixed       alternates existing and new (the memory soak)
--   stub-query  the GetUser query straight to the upstream stub (what "existing" costs upstream)
--   stub-insert the insert straight to the upstream stub, fresh username each time
-- PREFIX makes usernames unique across runs that share one stub (default "u").
-- done() prints one line "WRKJSON {...}" with counts and latency percentiles in microseconds.

local mode, prefix
local counter = 0
local toggle = false

local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local HEADERS = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer bench-jwt",
}
local GET_USER = 'query GetUser($username: String!) {\\n  user(where: {username: {_eq: $username}}) {\\n    username\\n  }\\n}'
local INSERT = 'mutation CreateAccountUser($username: String!, $accessToken: String!, $accessTokenSecret: String!) {\\n  insert_account_user(objects: {\\n    account: {data: {access_token: $accessToken, access_token_secret: $accessTokenSecret, account_name: $username}},\\n    user: {data: {username: $username}}\\n  }) {\\n    affected_rows\\n  }\\n}'

local function action(username)
  return '{"action":{"name":"checkAndRegisterUser"},"input":{},"session_variables":{"x-hasura-role":"user",'
    .. '"x-hasura-user-id":"' .. username .. '","x-hasura-access-token":"bench-access-token-0123456789",'
    .. '"x-hasura-access-token-secret":"bench-access-token-secret-0123456789"},'
    .. '"request_query":"mutation { checkAndRegisterUser { affected_rows } }"}'
end

local existing_body

function init(args)
  mode = args[1] or "existing"
  prefix = args[2] or "u"
  if args[3] and args[3] ~= "" then
    HEADERS["x-action-secret"] = args[3] -- as Hasura adds it (value_from_env: ACTION_SECRET)
  end
  existing_body = action("alice")
  if mode == "stub-query" then
    existing_body = '{"query":"' .. GET_USER .. '","variables":{"username":"alice"}}'
  end
end

local function fresh()
  counter = counter + 1
  return prefix .. "-" .. tid .. "-" .. counter
end

function request()
  local body
  if mode == "existing" or mode == "stub-query" then
    body = existing_body
  elseif mode == "new" then
    body = action(fresh())
  elseif mode == "mixed" then
    toggle = not toggle
    body = toggle and existing_body or action(fresh())
  elseif mode == "stub-insert" then
    local u = fresh()
    body = '{"query":"' .. INSERT .. '","variables":{"username":"' .. u
      .. '","accessToken":"v1:k1:bench-encrypted-access-token-value-0123456789abcdef",'
      .. '"accessTokenSecret":"v1:k1:bench-encrypted-access-token-secret-value-0123456789"}}'
  else
    error("unknown mode " .. tostring(mode))
  end
  return wrk.format("POST", nil, HEADERS, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,'
      .. '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
      .. '"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
