using Vpp.Domain.Forecasting;

namespace Vpp.Application.Forecasting;

/// <summary>
/// A device's habits as learned on a given day from its recent history: an EV charger's car, a water heater's
/// household, a heat pump's house. Habits stay empty when that history held too little to learn from (the attempt is
/// kept, so the device is not reread every hour).
/// </summary>
public sealed record LearnedDeviceHabits(string DeviceId, DateTimeOffset LearnedUtc, DeviceHabits Habits);
