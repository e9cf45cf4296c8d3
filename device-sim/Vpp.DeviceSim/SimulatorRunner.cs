using System.Diagnostics;
using System.Text.Json.Nodes;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim;

/// <summary>
/// One scheduling loop for the whole fleet (no thread per device): each device reports at the end of every interval
/// of simulated time, staggered across the interval. Paced mode follows the shared scaled clock; max-speed mode
/// advances simulated time as fast as the hub accepts, starting a day in the past.
/// </summary>
public sealed class SimulatorRunner(SimulatorOptions options, IReadOnlyList<SimulatedDevice> devices, HubTransport transport) : IDisposable
{
    private const int MaxInFlight = 64;
    private readonly SemaphoreSlim inFlight = new(MaxInFlight);
    private long sent;
    private long failed;

    public long Sent => Interlocked.Read(ref sent);

    public long Failed => Interlocked.Read(ref failed);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(options.IntervalSeconds);
        var paced = options.Speed > 0;
        var wallStart = options.ClockWallStart ?? TimeProvider.System.GetUtcNow();
        var origin = options.ClockOrigin ?? TimeProvider.System.GetUtcNow();
        DateTimeOffset SimNow() => origin + ((TimeProvider.System.GetUtcNow() - wallStart) * (paced ? options.Speed : 1));

        // A device reports soon after it connects: first reports spread over a quarter interval, then one per interval.
        var start = paced ? SimNow() : SimNow().AddDays(-1);
        var next = devices.Select((d, i) => start + (interval * (0.25 * (i + 0.5) / devices.Count))).ToArray();
        var pending = devices.Select(_ => new List<byte[]>()).ToArray();
        using var stopDesired = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var desiredLoops = options.FollowDesired && paced
            ? devices.Select(d => Task.Run(() => FollowDesiredAsync(d, stopDesired.Token), stopDesired.Token)).ToList()
            : [];

        // A device with a backlog sends it in IoT Hub batches (at most 256 KB, well above 50 messages).
        var maxBatch = paced ? 10 : 50;
        var stopwatch = Stopwatch.StartNew();
        var lastReport = stopwatch.Elapsed;
        var sends = new List<Task>();
        while (!cancellationToken.IsCancellationRequested && (options.DurationSeconds is null || stopwatch.Elapsed.TotalSeconds < options.DurationSeconds))
        {
            // At full speed each pass advances simulated time by a batch of intervals: every device then has a backlog
            // to send in one IoT Hub batch, as a device catching up would.
            var now = paced ? SimNow() : next.Min() + (interval * (maxBatch - 1));
            var due = false;
            for (var i = 0; i < devices.Count; i++)
            {
                while (next[i] <= now && pending[i].Count < maxBatch)
                {
                    var device = devices[i];
                    var intervalStart = next[i] - interval;
                    Reading reading;
                    lock (device)
                    {
                        reading = device.Step(intervalStart, options.IntervalSeconds);
                    }

                    var sequence = TelemetrySequence.For(intervalStart, options.IntervalSeconds);
                    pending[i].Add(HubTransport.Serialize(sequence, intervalStart, options.IntervalSeconds, device.Type.ToWire(), reading));
                    next[i] += interval;
                    due = true;
                }

                if (pending[i].Count > 0 && (paced || pending[i].Count >= maxBatch || next[i] > now))
                {
                    sends.Add(SendAsync(devices[i].DeviceId, pending[i], cancellationToken));
                    pending[i] = [];
                    if (!paced && sends.Count >= MaxInFlight)
                    {
                        // At full speed the hub sets the pace: generate no further ahead than what is being sent.
                        await Task.WhenAny(sends);
                        sends.RemoveAll(t => t.IsCompleted);
                    }
                }
            }

            sends.RemoveAll(t => t.IsCompleted);
            if (stopwatch.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = stopwatch.Elapsed;
                Console.WriteLine($"device-sim: {Sent} messages sent ({Sent / stopwatch.Elapsed.TotalSeconds:0} /s), {Failed} failed, simulated time {now:u}");
            }

            if (paced && !due)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp((next.Min() - SimNow()).TotalMilliseconds / options.Speed, 5, 500)), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(sends);
        await stopDesired.CancelAsync();
        Console.WriteLine($"device-sim: finished: sent={Sent} failed={Failed} seconds={stopwatch.Elapsed.TotalSeconds:0.0}");
        await Task.WhenAll(desiredLoops).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose() => inFlight.Dispose();

    private async Task SendAsync(string deviceId, List<byte[]> messages, CancellationToken cancellationToken)
    {
        await inFlight.WaitAsync(cancellationToken);
        try
        {
            if (await transport.SendTelemetryAsync(deviceId, messages, cancellationToken))
            {
                Interlocked.Add(ref sent, messages.Count);
            }
            else
            {
                Interlocked.Add(ref failed, messages.Count);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task FollowDesiredAsync(SimulatedDevice device, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var desired = await transport.WaitForDesiredAsync(device.DeviceId, device.DesiredVersion, cancellationToken);
                if (desired is null)
                {
                    continue;
                }

                JsonObject applied;
                lock (device)
                {
                    applied = device.ApplyDesired(desired);
                    device.DesiredVersion = desired["$version"]?.GetValue<long>() ?? device.DesiredVersion + 1;
                }

                await transport.ReportAsync(device.DeviceId, new JsonObject { ["applied"] = applied, ["appliedDesiredVersion"] = device.DesiredVersion }, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
