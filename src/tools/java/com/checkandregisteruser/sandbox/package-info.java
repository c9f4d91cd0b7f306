/**
 * A Hasura-compatible sandbox for end-to-end tests: a test double of Hasura GraphQL Engine v2,
 * because neither Hasura nor Docker runs where this project is built.
 *
 * <p>{@link com.checkandregisteruser.sandbox.PostgresFixture} runs an embedded PostgreSQL 14 with
 * the migrations of {@code hasura/migrations/default}; {@link
 * com.checkandregisteruser.sandbox.HasuraSandbox} serves {@code /v1/graphql} and {@code /healthz}
 * from the metadata in {@code hasura/metadata}; {@link com.checkandregisteruser.sandbox.Jwts} mints
 * the tokens. The classes ending in {@code IT} in src/e2e pin each behaviour to {@code
 * docs/hasura-contract.md}.
 *
 * <p>What it reproduces, with Hasura's result shapes, error codes, messages and paths (sources in
 * the class comments): JWT (an HS256 key, or RS256/RS384/RS512 keys from a {@code jwk_url} fetched
 * at start and refreshed per {@code Cache-Control}/{@code Expires}; {@code audience}, {@code
 * issuer}, {@code allowed_skew}, {@code exp}/{@code iat}/{@code nbf}; claims under {@code
 * https://hasura.io/jwt/claims}) and admin secret authentication; role-narrowed schemas (a field
 * the role may not see is "not found"); table queries with {@code where}, {@code limit}, {@code
 * offset}, {@code order_by} on columns, object relationships and {@code __typename}, with select
 * filters; {@code insert_<table>} with nested object relationships in one transaction, insert
 * checks, {@code affected_rows} counting nested rows, {@code returning}, constraint violations
 * mapped as Hasura maps them; {@code update_<table>(where:, _set:)} with update permissions
 * (columns, filter, check); a failure at COMMIT (a deferred constraint trigger) as {@code postgres
 * tx error}, its detail in {@code internal} for admins only; synchronous actions dispatched and
 * answered as Hasura does; "database down" as {@code postgres-error} and "out of connections" as
 * {@code postgres-max-connections-error}.
 *
 * <p>What it deliberately leaves out: introspection, subscriptions, batched requests, {@code
 * on_conflict}, {@code *_by_pk}, aggregates, {@code update_*_many} and update operators other than
 * {@code _set}, deletes, array relationships, column presets, backend-only permissions, inherited
 * roles, an unauthorized role, cookie or custom-header JWT locations, claims_map and other claims
 * options, key types other than HS256 and RSA (and EC keys of a JWKS), several JWT secrets, query
 * and asynchronous actions, request and response transforms, and the {@code internal} error details
 * Hasura shows admins for errors other than a failed COMMIT. Messages that only graphql-java
 * produces (other validation errors) are its own, at path {@code $}. Variable values are not
 * type-checked against their declared types (PostgreSQL's casts catch some), and a comparison with
 * null matches nothing, as in SQL. Where Hasura's order of nested inserts is its schema's field
 * order, the sandbox uses the input's order. JSON key order of error objects follows the contract
 * ({@code message}, {@code extensions{path, code}}); clients must not depend on key order.
 */
package com.checkandregisteruser.sandbox;
