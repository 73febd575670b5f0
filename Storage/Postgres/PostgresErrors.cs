using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace EmotionGrid.Storage.Postgres;

/// <summary>
/// Turns what Npgsql throws when a database cannot be used into one line an operator can act on:
/// <c>PostgreSQL db.example:5432/emotiongrid (user grid): password authentication failed …</c>. The silo prints it
/// at start (<see cref="StorageConfigurationException"/>) and the readiness probe reports it. Never contains a password.
/// </summary>
public static class PostgresErrors
{
    /// <summary>One line naming host:port/database and the cause of <paramref name="error"/>.</summary>
    public static string Describe(Exception error, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (where, user, password) = Target(connectionString);
        var cause = Cause(error, user);
        var line = $"PostgreSQL {where}: {cause}".ReplaceLineEndings(" ");
        return password is { Length: > 0 } ? line.Replace(password, "***", StringComparison.Ordinal) : line;
    }

    /// <summary>
    /// True for what stops a silo from using the database at all: no connection (refused, timed out, unknown
    /// host), credentials refused, a missing database, or a missing permission. Cancellation is not one.
    /// </summary>
    public static bool IsConnectionOrSetupFailure(Exception error) => error switch
    {
        OperationCanceledException => false,
        PostgresException => true,
        NpgsqlException or SocketException or TimeoutException or IOException => true,
        _ => false,
    };

    /// <summary>
    /// True when the connection itself failed (server down or restarting, network gone), rather than a statement:
    /// such an error clears the pool, so later calls open fresh connections instead of meeting other dead ones.
    /// </summary>
    internal static bool IsBrokenConnection(Exception error) => error switch
    {
        // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08: connection exceptions.
        PostgresException p => p.SqlState is "57P01" or "57P02" or "57P03" || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.InnerException is IOException or SocketException or TimeoutException or EndOfStreamException || n.IsTransient,
        _ => false,
    };

    private static string Cause(Exception error, string user)
    {
        if (Find<PostgresException>(error) is { } p)
        {
            return p.SqlState switch
            {
                "28P01" => $"password authentication failed for user \"{user}\" (check Username and Password)",
                "28000" => $"the server refused user \"{user}\" ({p.MessageText}; check pg_hba.conf and the user name)",
                "3D000" => $"database does not exist ({p.MessageText}; create it or fix Database=)",
                "42501" => $"permission denied for user \"{user}\" ({p.MessageText}; grant it CREATE and USAGE on the schema, or create the tables as their owner)",
                "57P03" => $"the server is starting up or shutting down ({p.MessageText})",
                "53300" => $"too many connections ({p.MessageText}; lower Maximum Pool Size or raise max_connections)",
                _ => $"{p.MessageText} (SQLSTATE {p.SqlState})",
            };
        }

        if (Find<SocketException>(error) is { } s)
        {
            return s.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "unreachable: connection refused (is the server running and listening on that address and port?)",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unreachable: unknown host (check Host=)",
                SocketError.TimedOut => "unreachable: connection timed out (firewall or wrong host?)",
                _ => $"unreachable: {s.Message} ({s.SocketErrorCode})",
            };
        }

        if (Find<TimeoutException>(error) is not null)
        {
            return "unreachable: connection timed out (firewall, wrong host, or the server is overloaded)";
        }

        if (Find<IOException>(error) is { } io)
        {
            return $"connection lost: {io.Message}";
        }

        return error.Message;
    }

    private static T? Find<T>(Exception error) where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static (string Where, string User, string? Password) Target(string? connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString ?? "");
            var port = builder.Port.ToString(CultureInfo.InvariantCulture);
            var host = builder.Host is { Length: > 0 } h ? h : "localhost";
            var user = builder.Username ?? Environment.UserName;
            var database = builder.Database ?? user; // Npgsql's default: the database named like the user
            var where = host.Contains(',', StringComparison.Ordinal) ? $"{host}/{database}" : $"{host}:{port}/{database}";
            return (where, user, builder.Password);
        }
        catch (ArgumentException)
        {
            return ("(unparsable connection string)", "?", null);
        }
    }
}
