import { render } from "preact";
import { App } from "./app.tsx";

// Locally the server writes the API token into this meta tag (the `npm start` banner prints
// it anyway); where it is absent the login field asks for it.
const injected = document.querySelector<HTMLMetaElement>('meta[name="acs-api-token"]')?.content;
const root = document.getElementById("app");
if (root) render(<App initialToken={injected ?? ""} origin={location.origin} />, root);
