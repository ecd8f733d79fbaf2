/**
 * How the console authenticates its API calls: locally a bearer token typed in (or pre-filled
 * by the local ACS); in AWS a Cognito access token from the hosted UI (cognito-login.ts).
 */
export type ConsoleAuth =
  | { readonly kind: "token"; readonly initialToken: string }
  | {
      readonly kind: "cognito";
      readonly getToken: () => string | undefined;
      /** Sign in again (on a 401: the token expired or was revoked). */
      readonly signIn: () => void;
      readonly signOut: () => void;
    };
