namespace EmotionGrid.Storage;

/// <summary>
/// A store cannot be used as configured (server unreachable, credentials refused, a permission missing).
/// The message is one line that names the setting or server and what to fix: the silo prints it and exits with code 2.
/// </summary>
public sealed class StorageConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
