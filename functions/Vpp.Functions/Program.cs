using Vpp.Functions;

// In Azure the Functions host starts this process and calls it on FUNCTIONS_CUSTOMHANDLER_PORT.
var app = HandlerApp.Build(args);
await app.RunAsync();
