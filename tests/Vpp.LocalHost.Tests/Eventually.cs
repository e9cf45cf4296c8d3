namespace Vpp.LocalHost.Tests;

/// <summary>Polls a probe of the running stack until it reports what the test waits for, or the timeout passes.</summary>
internal static class Eventually
{
    public static async Task<T> ReachAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        var value = await probe();
        while (!done(value) && !limit.IsCancellationRequested)
        {
            await Task.Delay(250);
            value = await probe();
        }

        return value;
    }
}
