using Vpp.Ingestion;

// In Azure the Functions host starts this process and calls it on FUNCTIONS_CUSTOMHANDLER_PORT.
var app = IngestionApp.Build(args);
await app.RunAsync();
