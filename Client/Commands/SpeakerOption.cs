using System.CommandLine;

namespace EmotionGrid.Client.Commands;

/// <summary><c>--speaker NAME</c> of <c>submit</c> and <c>predict</c>. The server checks the name (one rule for every way in) and says why it refuses one.</summary>
internal static class SpeakerOption
{
    public static Option<string?> Create(string description) => new("--speaker") { Description = description, HelpName = "NAME" };
}
