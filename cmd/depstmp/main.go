package main
import (
	_ "github.com/gofiber/fiber/v2"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	_ "github.com/alicebob/miniredis/v2"
	_ "github.com/nicksnyder/go-i18n/v2/i18n"
	_ "gopkg.in/yaml.v3"
	_ "golang.org/x/text/language"
)
func main(){}
