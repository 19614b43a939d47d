// Remix's classic compiler runs Tailwind itself (remix.config.js `tailwind: true`);
// PostCSS adds vendor prefixes.
export default {
  plugins: {
    autoprefixer: {},
  },
};
