// Tells Remix's types that single fetch is on (remix.config.js `v3_singleFetch`),
// so useLoaderData<typeof loader> infers the turbo-stream types, Dates included.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
