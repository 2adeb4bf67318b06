// esbuild bundles stylesheets imported from the console's modules into app.css.
declare module '*.css';
