using EmotionGrid.Client;

var context = new CliContext(Console.Out, Console.Error) { Interactive = !Console.IsOutputRedirected };
return await EmotionGridCli.RunAsync(args, context);
