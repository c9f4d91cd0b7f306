// The people the local OpenID provider knows, shaped like Auth0 users of the Twitter connection.
// Log in on the provider's form with the key (any password): "alice", or "bob".
export const USERS = {
  alice: {
    user_id: 'twitter|1001',
    nickname: 'alice_tw',
    name: 'Alice Example',
    twitter: {
      user_id: '1001',
      screen_name: 'alice_tw',
      access_token: '1001-e2eAliceAccessToken0000000000000000',
      access_token_secret: 'e2eAliceTokenSecret000000000000000000000000',
    },
  },
  // Logs in, but the Management API stand-in does not know him (a user deleted from Auth0 meanwhile).
  bob: {
    user_id: 'twitter|2002',
    nickname: 'bob_tw',
    name: 'Bob Example',
    twitter: {
      user_id: '2002',
      screen_name: 'bob_tw',
      access_token: '2002-e2eBobAccessToken00000000000000000000',
      access_token_secret: 'e2eBobTokenSecret0000000000000000000000000',
    },
  },
};

/** The users the Management API stand-in serves: everyone but bob. */
export const AUTH0_USERS = { alice: USERS.alice };
