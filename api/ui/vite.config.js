// The page is served by the API under /ui, so its assets live there too.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/ui/",
  build: { outDir: "dist", emptyOutDir: true },
});
