using System.Diagnostics;
using System.Globalization;
using Vpp.Functions.Security;

namespace Vpp.LocalHost.Hosting;

/// <summary>Runs device-sim as its own process against the local stack, and stops it by process id.</summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource<DateTimeOffset> registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SimulatorProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.Exited += (_, _) => finished.TrySetResult(-1);
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>When every device was enrolled and telemetry started.</summary>
    public Task<DateTimeOffset> Registered => registered.Task;

    /// <summary>Messages the hub accepted, once the simulator has finished (-1 if it died first).</summary>
    public Task<long> Finished => finished.Task;

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        Console.WriteLine(line);
        if (line.Contains("registered", StringComparison.Ordinal))
        {
            registered.TrySetResult(TimeProvider.System.GetUtcNow());
        }
        else if (line.StartsWith("RESULT-SIM ", StringComparison.Ordinal))
        {
            var sent = line.Split(' ').Single(p => p.StartsWith("sent=", StringComparison.Ordinal))[5..];
            finished.TrySetResult(long.Parse(sent, CultureInfo.InvariantCulture));
        }
    }

    public static Task<SimulatorProcess> StartAsync(LocalRunner stack, SimulatorArguments arguments, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Vpp.DeviceSim.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
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
                     ("--speed", arguments.MaxSpeed ? "max" : stack.Clock.Speed.ToString(CultureInfo.InvariantCulture)),
                     ("--clock-origin", stack.Clock.Origin.ToString("O", CultureInfo.InvariantCulture)),
                     ("--clock-wall-start", stack.Clock.WallStart.ToString("O", CultureInfo.InvariantCulture)),
                     ("--register", new Uri(stack.BaseUri, "api/").ToString()),
                 })
        {
            start.ArgumentList.Add(name);
            start.ArgumentList.Add(value);
        }

        if (arguments.DurationSeconds is { } duration)
        {
            start.ArgumentList.Add("--duration");
            start.ArgumentList.Add(duration.ToString(CultureInfo.InvariantCulture));
        }

        if (!arguments.FollowDesired)
        {
            start.ArgumentList.Add("--no-desired");
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
