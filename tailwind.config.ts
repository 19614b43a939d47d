import type { Config } from "tailwindcss";
import defaultTheme from "tailwindcss/defaultTheme";

// Teal for action, slate for text and structure. Every text/background pair
// used in app/ meets WCAG AA (4.5:1): teal-700 on white, slate-600 on white,
// slate-950 on Xero blue.
export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      fontFamily: {
        // System fonts only: the app must render offline and fast.
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        mono: defaultTheme.fontFamily.mono,
      },
      colors: {
        // Xero's brand blue, for "Sign up / Sign in with Xero" only.
        xero: { DEFAULT: "#13B5EA", hover: "#0fa3d4" },
      },
      keyframes: {
        "progress-indeterminate": {
          "0%": { transform: "translateX(-100%)" },
          "100%": { transform: "translateX(250%)" },
        },
        "toast-in": {
          from: { opacity: "0", transform: "translateY(0.5rem)" },
          to: { opacity: "1", transform: "translateY(0)" },
        },
      },
      animation: {
        "progress-indeterminate": "progress-indeterminate 1.2s ease-in-out infinite",
        "toast-in": "toast-in 150ms ease-out",
      },
    },
  },
  plugins: [],
} satisfies Config;
