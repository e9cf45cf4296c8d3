using System.Diagnostics;
using System.Globalization;
using Vpp.Functions.Security;

namespace Vpp.LocalHost.Hosting;

/// <summary>Runs device-sim as its own process against the local stack, and stops it by process id.</summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process process;

    private SimulatorProcess(Process process) => this.process = process;

    public static Task<SimulatorProcess> StartAsync(LocalRunner stack, SimulatorArguments arguments, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Vpp.DeviceSim.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in new (string, string)[]
                 {
                     ("--transport", "local"),
                     ("--hub", stack.BaseUri.ToString()),
                     ("--hub-name", LocalRunner.LocalHubHostName),
                     ("--devices", arguments.Devices.ToString(CultureInfo.InvariantCulture)),
                     ("--interval", arguments.IntervalSeconds.ToString(CultureInfo.InvariantCulture)),
                     ("--seed", arguments.Seed.ToString(CultureInfo.InvariantCulture)),
                     ("--program", stack.Options.DefaultProgramId),
                     ("--time-zone", stack.Options.DefaultProgramTimeZone),
                     ("--speed", stack.Clock.Speed.ToString(CultureInfo.InvariantCulture)),
                     ("--clock-origin", stack.Clock.Origin.ToString("O", CultureInfo.InvariantCulture)),
                     ("--clock-wall-start", stack.Clock.WallStart.ToString("O", CultureInfo.InvariantCulture)),
                     ("--register", new Uri(stack.BaseUri, "api/").ToString()),
                 })
        {
            start.ArgumentList.Add(name);
            start.ArgumentList.Add(value);
        }

        // Secrets travel in the environment, not on the command line.
        start.Environment["VPP_ENROLLMENT_GROUP_KEY"] = stack.Options.Secrets.EnrollmentGroupKey;
        start.Environment["VPP_API_TOKEN"] = stack.MintToken(Roles.DeviceAdmin, "device-sim");
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new SimulatorProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start device-sim.")));
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
