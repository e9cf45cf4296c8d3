using Vpp.DeviceSim;

// device-sim: simulates a fleet of home devices reporting to IoT Hub (or the local stand-in).
//   dotnet run --project device-sim/Vpp.DeviceSim -- --devices 2000 --interval 60 --seed 1 --program demo
//     [--speed 60 | --speed max] [--transport local|iothub] [--hub URL] [--hub-name HOST] [--register API_BASE]
//     [--mix battery=3,ev-charger=2,water-heater=2,thermostat=3] [--duration SECONDS] [--no-desired]
// Secrets come from the environment: VPP_ENROLLMENT_GROUP_KEY (device keys), VPP_API_TOKEN (registration).
var options = SimulatorOptions.Parse(args);
var devices = FleetFactory.Create(options);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(100) };
using var twinHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = TimeSpan.FromSeconds(100) };
// Not disposed: the process-exit handler may still cancel it while the runtime shuts down.
var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

if (options.RegisterApi is not null)
{
    await Registrar.RegisterAsync(http, options, devices, stop.Token);
    Console.WriteLine($"device-sim: registered {devices.Count} devices in program '{options.ProgramId}'");
}

using var runner = new SimulatorRunner(options, devices, new HubTransport(http, twinHttp, options));
await runner.RunAsync(stop.Token);
Console.WriteLine($"RESULT-SIM sent={runner.Sent} failed={runner.Failed}");
return runner.Failed > 0 ? 1 : 0;
