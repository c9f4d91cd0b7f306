// The people the local OpenID provider knows, shaped like Auth0 users of the Twitter connection.
// Log in on the provider's form with the key (any password): "alice".
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
};
