/** `npm test`: our own fixtures only. Tests reading ../shared/samples run under jest.samples.config.js. */
module.exports = {
  ...require("./jest.base"),
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/samples/"],
};
