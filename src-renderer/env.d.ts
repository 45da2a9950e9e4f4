/// <reference types="svelte" />
/// <reference types="vite/client" />
declare const __REDLAB_VERSION__: string;
