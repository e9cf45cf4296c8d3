using System.Globalization;
using System.Text.Json.Nodes;
using Vpp.Application.Devices;
using Vpp.Domain.Devices;
using Vpp.Domain.Participation;

namespace Vpp.Application.Participation;

/// <summary>
/// Customers opt their devices out of the program's control for a while, and may withdraw the opt-out. Each opt-out
/// is stored (the planner holds the device at its undispatched draw in the window, <see cref="IOptOutStore"/>) and
/// written to the device's twin as the desired property <c>optOuts</c>, keyed by id, so the device itself ignores
/// pushed schedules in the window: a schedule goes to every device of the program alike. The twin keeps only windows
/// that have not ended; each change clears the ended ones.
/// </summary>
public sealed class OptOutService(IDeviceRegistry registry, IOptOutStore store, IDeviceHub hub, TimeProvider clock)
{
    public const string TwinProperty = "optOuts";

    /// <summary>Ended opt-outs stay listed this long, for the customer's own record.</summary>
    public static readonly TimeSpan ListedAfterEnd = TimeSpan.FromDays(30);

    /// <summary>
    /// Opts the device out from <paramref name="fromUtc"/> (now when null) until <paramref name="untilUtc"/>. Whether
    /// the requester may act on the device is settled before what is wrong with the request
    /// (<paramref name="formatErrors"/>: fields the caller could not read), so a stranger learns nothing from it.
    /// </summary>
    public async Task<OptOutResult> RequestAsync(string deviceId, DateTimeOffset? fromUtc, DateTimeOffset untilUtc, string? reason, Requester requester,
        IReadOnlyList<FieldError> formatErrors, CancellationToken cancellationToken)
    {
        var (device, refused) = await DeviceAsync(deviceId, requester, cancellationToken);
        if (device is null)
        {
            return refused!;
        }

        if (formatErrors.Count > 0)
        {
            return new OptOutResult(OptOutOutcome.Invalid, [], formatErrors);
        }

        var now = clock.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"oo-{now:yyyyMMddTHHmmss}-{Guid.NewGuid():N}")[..28];
        var listed = await store.ListForDeviceAsync(device.ProgramId, deviceId, now - ListedAfterEnd, cancellationToken);
        var (optOut, errors) = OptOut.Request(id, device, fromUtc, untilUtc, reason, requester.Subject, now, listed);
        if (optOut is null)
        {
            return new OptOutResult(OptOutOutcome.Invalid, [], errors);
        }

        // Stored first, so the planner counts the device out before the device hears of it; if the twin cannot be told,
        // the opt-out is removed again and the request fails: store and twin never disagree about a window in force.
        await store.SaveAsync(optOut, cancellationToken);
        var windows = EndedWindows(listed, now);
        windows[optOut.OptOutId] = Window(optOut);

        try
        {
            await hub.PatchDesiredAsync(deviceId, new JsonObject { [TwinProperty] = windows }, null, cancellationToken);
        }
        catch
        {
            await store.DeleteAsync(optOut, CancellationToken.None);
            throw;
        }

        return OptOutResult.Of(optOut);
    }

    /// <summary>
    /// Clears the device's ended windows from its twin (<see cref="OptOutExpiryOrchestrator"/> calls this when one ends);
    /// the opt-outs stay on record. Returns how many were cleared; none (and no twin update) when the device is gone.
    /// </summary>
    public async Task<int> ClearEndedAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(deviceId, cancellationToken) is not { } device)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var windows = EndedWindows(await store.ListForDeviceAsync(device.ProgramId, deviceId, now - ListedAfterEnd, cancellationToken), now);
        if (windows.Count > 0)
        {
            await hub.PatchDesiredAsync(deviceId, new JsonObject { [TwinProperty] = windows }, null, cancellationToken);
        }

        return windows.Count;
    }

    /// <summary>A twin patch that removes every ended window of <paramref name="listed"/>.</summary>
    private static JsonObject EndedWindows(IEnumerable<OptOut> listed, DateTimeOffset now)
    {
        var windows = new JsonObject();
        foreach (var old in listed.Where(o => o.EndedBy(now)))
        {
            windows[old.OptOutId] = null;
        }

        return windows;
    }

    /// <summary>Ends the opt-out now (or, before it starts, at its start); again for one already ended, which tells the twin again.</summary>
    public async Task<OptOutResult> WithdrawAsync(string deviceId, string optOutId, Requester requester, CancellationToken cancellationToken)
    {
        var (device, refused) = await DeviceAsync(deviceId, requester, cancellationToken);
        if (device is null)
        {
            return refused!;
        }

        if (!OptOut.IsWellFormedId(optOutId))
        {
            return OptOutResult.Refused(OptOutOutcome.NotFound,
                new FieldError("optOutId", $"device '{deviceId}' has no such opt-out (ids are at most {OptOut.MaxIdLength} letters, digits and '-')"));
        }

        if (await store.FindAsync(device.ProgramId, deviceId, optOutId, cancellationToken) is not { } optOut)
        {
            return OptOutResult.Refused(OptOutOutcome.NotFound, new FieldError("optOutId", $"device '{deviceId}' has no opt-out '{optOutId}'"));
        }

        var withdrawn = optOut.WithdrawnAt(clock.GetUtcNow());
        if (withdrawn != optOut)
        {
            await store.SaveAsync(withdrawn, cancellationToken);
        }

        await hub.PatchDesiredAsync(deviceId, new JsonObject { [TwinProperty] = new JsonObject { [optOutId] = null } }, null, cancellationToken);
        return OptOutResult.Of(withdrawn);
    }

    /// <summary>The device's opt-outs not yet ended, and those that ended within <see cref="ListedAfterEnd"/>.</summary>
    public async Task<OptOutResult> ListAsync(string deviceId, Requester requester, CancellationToken cancellationToken)
    {
        var (device, refused) = await DeviceAsync(deviceId, requester, cancellationToken);
        return device is null
            ? refused!
            : OptOutResult.Of([.. await store.ListForDeviceAsync(device.ProgramId, deviceId, clock.GetUtcNow() - ListedAfterEnd, cancellationToken)]);
    }

    private async Task<(DeviceRegistration? Device, OptOutResult? Refused)> DeviceAsync(string deviceId, Requester requester, CancellationToken cancellationToken)
    {
        var device = await registry.FindAsync(deviceId, cancellationToken);
        if (device is not null && requester.MayAct(device.CustomerId))
        {
            return (device, null);
        }

        return requester.IsCustomer
            ? (null, OptOutResult.Refused(OptOutOutcome.Forbidden))
            : (null, OptOutResult.Refused(OptOutOutcome.NotFound, new FieldError("deviceId", $"device '{deviceId}' is not registered")));
    }

    private static JsonObject Window(OptOut optOut) => new()
    {
        ["fromUtc"] = optOut.FromUtc.ToString("O", CultureInfo.InvariantCulture),
        ["untilUtc"] = optOut.UntilUtc.ToString("O", CultureInfo.InvariantCulture),
    };
}
