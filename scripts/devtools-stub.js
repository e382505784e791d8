// Stand-in for react-devtools-core, which ink imports only when DEV=true. Bundling the real
// one would add megabytes to start-up for a feature an incident responder never uses.
export default { initialize() {}, connectToDevTools() {} };
