using System.Globalization;
using Vpp.Functions.Security;
using Vpp.Infrastructure.Storage;
using Vpp.LocalHost;
using Vpp.LocalHost.Hosting;

// Usage:
//   dotnet run --project functions/Vpp.LocalHost [-- --port 7071 --speed 1 --devices 2000 --interval 60 --seed 1 --in-memory --no-sim --storage <connection string> --telemetry-storage <connection string>
//     --clock-origin <instant> --clock-wall-start <instant>]   (the product clock reads the origin at the wall-clock start: a restart keeps it)
//   (--interval defaults to 60 s, longer when --speed and --devices would outrun Azurite: see TelemetryPacing)
//   dotnet run --project functions/Vpp.LocalHost -- token --role program-manager
var arguments = CommandLine.Parse(args);
var stateDirectory = arguments.Get("state-dir") ?? Path.Combine(RepositoryRoot.Find(), ".vpp");
var secrets = LocalSecrets.LoadOrCreate(stateDirectory);

if (arguments.Command == "token")
{
    var role = arguments.Get("role") ?? "program-manager";
    if (!Roles.All.Contains(role))
    {
        Console.Error.WriteLine($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}");
        return 2;
    }

    Console.WriteLine(secrets.MintToken(role, arguments.Get("subject") ?? $"local-{role}", TimeSpan.FromHours(double.Parse(arguments.Get("hours") ?? "12", CultureInfo.InvariantCulture))));
    return 0;
}

var speed = double.Parse(arguments.Get("speed") ?? "1", CultureInfo.InvariantCulture);
var devices = int.Parse(arguments.Get("devices") ?? "2000", CultureInfo.InvariantCulture);
var interval = arguments.Get("interval") is { } given
    ? int.Parse(given, CultureInfo.InvariantCulture)
    : TelemetryPacing.DefaultIntervalSeconds(devices, speed);
var options = new LocalRunnerOptions
{
    Port = int.Parse(arguments.Get("port") ?? "7071", CultureInfo.InvariantCulture),
    Speed = speed,
    StateDirectory = arguments.Has("in-memory") ? null : stateDirectory,
    Storage = arguments.Get("storage"),
    TelemetryStorage = arguments.Get("telemetry-storage"),
    Secrets = secrets,
    DefaultProgramIntervalSeconds = interval,
    ClockOrigin = Instant(arguments.Get("clock-origin")),
    ClockWallStart = Instant(arguments.Get("clock-wall-start")),
};

using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    shutdown.Cancel();
};

// SIGTERM (and SIGINT where the shell ignores it for background jobs) stops the stack cleanly, children included.
using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    shutdown.Cancel();
});

await using var stack = await LocalRunner.StartAsync(options, shutdown.Token);
Console.WriteLine($"VppServerless local stack on {stack.BaseUri} (clock x{stack.Clock.Speed}, program '{options.DefaultProgramId}')");
Console.WriteLine($"  API        {stack.BaseUri}api/   (token: dotnet run --project functions/Vpp.LocalHost -- token --role program-manager)");
Console.WriteLine($"  OpenAPI    {stack.BaseUri}api/openapi/v1.json");
if (stack.PortalUri is { } portal)
{
    // As Jupyter does: the link signs a program manager in; the token stays in the fragment, which no server sees.
    Console.WriteLine($"  Portal     {portal}#token={stack.MintToken(Roles.ProgramManager, "local-program-manager")}");
}
else
{
    Console.WriteLine("  Portal     not built (portal/dist is missing: the build runs npm in portal/; see its output)");
}

Console.WriteLine($"  Fleet      {stack.BaseUri}api/programs/{options.DefaultProgramId}/fleet");
Console.WriteLine($"  Device hub {stack.BaseUri}devices/{{deviceId}}/messages/events");
Console.WriteLine($"  Storage    {StorageAccount.FromConnectionString(stack.Storage).Tables.Uri} (Azurite)");
if (stack.TelemetryStorage is { } telemetryStorage)
{
    Console.WriteLine($"  Telemetry  {StorageAccount.FromConnectionString(telemetryStorage).Tables.Uri} (Azurite: the telemetry ledger's account)");
}

if (!arguments.Has("no-sim"))
{
    var rate = TelemetryPacing.MessagesPerSecond(devices, interval, speed);
    Console.WriteLine(FormattableString.Invariant($"  Devices    {devices} simulated, reporting every {interval} s of simulated time ({rate:0} messages a second)"));
    if (rate > TelemetryPacing.SustainableMessagesPerSecond)
    {
        Console.WriteLine(FormattableString.Invariant(
            $"  Warning    more than the ~{TelemetryPacing.SustainableMessagesPerSecond:0} a second Azurite keeps up with here: ingestion will fall behind and devices look offline; lower --speed or --devices, or raise --interval"));
    }
}

await using var simulator = arguments.Has("no-sim")
    ? null
    : await SimulatorProcess.StartAsync(stack, new SimulatorArguments(
        devices,
        interval,
        int.Parse(arguments.Get("seed") ?? "1", CultureInfo.InvariantCulture)), shutdown.Token);

Console.WriteLine("Press Ctrl+C to stop.");
try
{
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopping...");
}

return 0;

static DateTimeOffset? Instant(string? text) => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
