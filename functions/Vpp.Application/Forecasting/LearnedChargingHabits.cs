using Vpp.Domain.Forecasting;

namespace Vpp.Application.Forecasting;

/// <summary>
/// An EV charger's habits as learned on a given day from its recent history; null habits when that history held too
/// few sessions (the attempt is kept, so the charger is not reread every hour).
/// </summary>
public sealed record LearnedChargingHabits(string DeviceId, EvChargingHabits? Habits, DateTimeOffset LearnedUtc);
